package org.relabel.account;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Who the user of a session is (account id, roles, enabled), kept in memory between requests so that a
 * signed-in browser's requests do not each read the account: that read was a database round trip on every
 * annotator request, and it made the request wait for a worker thread before its body was even read.
 *
 * <p>A change still takes effect at once, on every instance. {@link AccountService} reports each change after
 * it commits ({@link #changed}) and, on PostgreSQL, sends {@code NOTIFY relabel_account} in the changing
 * transaction; every instance listens on a connection of its own and forgets that account when the notice
 * comes (milliseconds after the commit). While an instance is not listening (at start, or after the database
 * went away) it trusts nothing it holds and reads the account on every request, as before; it starts listening
 * again on its own and then starts from an empty directory. H2 runs in one instance, which hears its own
 * changes. An account changed outside Relabel (SQL by hand) is read again at the latest after
 * {@code relabel.security.account-max-age}. A read that began before a change is used for its request but
 * not kept, so a stale account cannot be stored after the change that replaced it.
 */
@ApplicationScoped
public class AccountDirectory {
    private static final Logger LOG = Logger.getLogger(AccountDirectory.class);
    /** The PostgreSQL channel on which account changes are announced. */
    static final String CHANNEL = "relabel_account";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SecurityConfig config;

    /**
     * A session user's account as authentication needs it: whether it may sign in, and its identity (id, roles); kept
     * until {@code expiresAt} ({@link System#nanoTime}).
     */
    record Entry(boolean enabled, SecurityIdentity identity, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts changes; a read that saw another count at its start is not kept. */
    private final AtomicLong changes = new AtomicLong();
    /** Whether changes made on other instances reach this one (always on H2). */
    private volatile boolean hearing;
    private volatile boolean stopping;
    private Thread listener;

    void start(@Observes StartupEvent event) {
        boolean postgres;
        try (Connection c = dataSource.getConnection()) {
            postgres = isPostgres(c);
        } catch (SQLException e) {
            postgres = true; // cannot tell yet: listen, which is right for PostgreSQL and fails harmlessly otherwise
        }
        if (!postgres) {
            hearing = true;
            return;
        }
        listener = new Thread(this::listen, "account-changes");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (listener != null) listener.interrupt();
    }

    /**
     * The account of a session user as this instance holds it, or null when it must be read ({@link #read}, on a
     * thread that may block): not held, older than the maximum age, or changes from other instances may have
     * been missed.
     */
    Entry known(String username) {
        if (!hearing) return null;
        Entry e = entries.get(username);
        if (e == null || System.nanoTime() - e.expiresAt() > 0) return null;
        return e;
    }

    /**
     * How long to keep an account just read: a random time between half the maximum age and all of it. Hundreds of
     * annotators who signed in together (a class, a crowd batch starting at once) would otherwise all have their
     * accounts read again in the same second, every maximum age: the benchmark saw seconds of slow answers each time.
     */
    static long keepFor(long maxAgeNanos, RandomGenerator random) {
        return maxAgeNanos - (long) (random.nextDouble() * (maxAgeNanos / 2));
    }

    /** Reads the account (null when there is none) and keeps it unless a change came meanwhile. */
    Entry read(String username) throws SQLException {
        long before = changes.get();
        boolean keep = hearing && !config.accountMaxAge().isZero();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, roles, enabled FROM account WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Entry e = new Entry(rs.getBoolean(3),
                        Identities.of(rs.getLong(1), username, Account.roleList(rs.getString(2)), "session"),
                        System.nanoTime() + keepFor(config.accountMaxAge().toNanos(), ThreadLocalRandom.current()));
                if (keep && changes.get() == before) {
                    entries.put(username, e);
                    if (changes.get() != before) entries.remove(username, e); // a change raced with the put
                }
                return e;
            }
        }
    }

    /**
     * Tells the other instances, in the caller's transaction, that an account changes (sent when it commits;
     * nothing on H2, which runs in one instance).
     */
    static void announce(Connection c, String username) throws SQLException {
        if (!isPostgres(c)) return;
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            ps.setString(1, username);
            ps.execute();
        }
    }

    /** Forgets an account that changed (call after the change committed). */
    void changed(String username) {
        changes.incrementAndGet();
        entries.remove(username);
    }

    private void forgetAll() {
        changes.incrementAndGet();
        entries.clear();
    }

    private void listen() {
        long pause = 500;
        while (!stopping) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                forgetAll();
                hearing = true;
                pause = 500;
                LOG.debug("listening for account changes");
                while (!stopping) {
                    PGNotification[] notices = pg.getNotifications(1000);
                    if (notices == null) continue;
                    for (PGNotification n : notices) changed(n.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                hearing = false;
                forgetAll();
                if (stopping) return;
                LOG.debugf("not listening for account changes (%s); accounts are read on every request until it works again",
                        e.getMessage());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(pause * 2, 10_000);
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }
}
