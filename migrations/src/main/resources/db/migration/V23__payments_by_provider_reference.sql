-- A settlement report may name a payment by the provider's id of it (Stripe's charge id, with
-- recon.stripe.reference=charge_id) instead of Bazaar's payment id: the reconciliation's stage step looks each such
-- reference up here, a thousand lines at a time.
CREATE INDEX payments_provider_reference_idx ON payments (provider_reference) WHERE provider_reference IS NOT NULL;
