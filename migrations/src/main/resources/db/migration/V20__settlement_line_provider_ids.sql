-- The provider's ids of a settlement line's charge and of the object that moved the balance (Stripe's charge_id and
-- source_id: a charge, refund, dispute or payout), kept on the staged line so finance can look it up at the provider
-- whatever reference the run matched it by (recon.stripe.reference, issue 14). Optional: formats without them leave
-- them empty. Bounded like the line's other references (SettlementRecord.MAX_REFERENCE, SettlementLine.MAX_PROVIDER_ID).
ALTER TABLE settlement_lines
    ADD COLUMN charge_id text CONSTRAINT settlement_lines_charge_id_bounded CHECK (length(charge_id) BETWEEN 1 AND 255),
    ADD COLUMN source_id text CONSTRAINT settlement_lines_source_id_bounded CHECK (length(source_id) BETWEEN 1 AND 255);
