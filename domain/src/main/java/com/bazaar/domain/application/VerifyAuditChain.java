package com.bazaar.domain.application;

import com.bazaar.domain.audit.AuditChain;
import com.bazaar.domain.audit.AuditRecord;
import com.bazaar.domain.audit.AuditTrail;
import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.shared.Transactions;

import java.util.function.Consumer;

/**
 * Walks the audit trail and checks every link: sequence numbers without gaps, each record's previous hash
 * equal to its predecessor's hash, each hash equal to the hash of the record's content, and the chain head
 * equal to the last record. Reports the first broken record.
 */
public final class VerifyAuditChain {

    public sealed interface Verdict permits Intact, Broken {
    }

    public record Intact(long records, String headHash) implements Verdict {
    }

    /** The first record that does not check out (0 when the head disagrees with an empty trail). */
    public record Broken(long seq, String problem) implements Verdict {
    }

    private final Transactions transactions;
    private final Guard guard;
    private final AuditTrail audit;

    public VerifyAuditChain(Transactions transactions, Guard guard, AuditTrail audit) {
        this.transactions = transactions;
        this.guard = guard;
        this.audit = audit;
    }

    public Verdict verify(Actor actor) {
        guard.require(actor, Action.AUDIT_VERIFY, "audit");
        return transactions.inTransaction(() -> {
            // The head first: every record up to it is committed, so appends made while we walk (they get
            // higher numbers) cannot be mistaken for tampering.
            AuditTrail.ChainHead head = audit.head();
            Walker walker = new Walker();
            audit.forEach(head.seq(), walker);
            if (walker.broken != null) {
                return walker.broken;
            }
            if (head.seq() != walker.seq || !head.hash().equals(walker.hash)) {
                return new Broken(walker.seq + 1, "the chain head says record " + head.seq() + " with hash "
                        + abbreviate(head.hash()) + " is last, but the trail ends at record " + walker.seq
                        + " (records were removed or the head was altered)");
            }
            return new Intact(walker.seq, walker.hash);
        });
    }

    /** Checks records one by one, in bounded memory; remembers the first problem. */
    public static final class Walker implements Consumer<AuditRecord> {
        private long seq;
        private String hash = AuditChain.GENESIS;
        private Broken broken;
        private boolean anchorFromFirst;
        private long count;

        /** A walker from the start of the chain (record 1 links to GENESIS). */
        public Walker() {
        }

        /**
         * A walker over an export that may start anywhere in the chain: its first record is taken as the anchor (its
         * previous hash cannot be checked without the record before it); every later link and every hash is checked.
         */
        public static Walker forExport() {
            Walker w = new Walker();
            w.anchorFromFirst = true;
            return w;
        }

        public long count() {
            return count;
        }

        public long lastSeq() {
            return seq;
        }

        public String lastHash() {
            return hash;
        }

        @Override
        public void accept(AuditRecord r) {
            if (broken != null) {
                return;
            }
            count++;
            if (anchorFromFirst) {
                anchorFromFirst = false;
                seq = r.seq() - 1;
                hash = r.previousHash();
            }
            if (r.seq() != seq + 1) {
                broken = new Broken(seq + 1, "record " + (seq + 1) + " is missing (next present is " + r.seq() + ")");
            } else if (!r.previousHash().equals(hash)) {
                broken = new Broken(r.seq(), "record " + r.seq() + " does not link to record " + seq
                        + " (previous hash " + abbreviate(r.previousHash()) + ", expected " + abbreviate(hash) + ")");
            } else if (!AuditChain.hashOf(r).equals(r.hash())) {
                broken = new Broken(r.seq(), "record " + r.seq() + " was altered after it was written (its content no"
                        + " longer matches its hash " + abbreviate(r.hash()) + ")");
            } else {
                seq = r.seq();
                hash = r.hash();
            }
        }

        public Broken broken() {
            return broken;
        }
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }
}
