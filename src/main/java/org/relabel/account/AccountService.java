package org.relabel.account;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.relabel.RelabelConfig;
import org.relabel.web.ProblemException;

/** Accounts: the first admin, creation, changes by admins, password changes by their owners. */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RelabelConfig config;
    @Inject
    PasswordIdentityProvider passwords;
    @Inject
    AccountDirectory directory;
    @Inject
    AgroalDataSource dataSource;

    /** An account as admins see it. */
    public record UserView(String username, String displayName, List<String> roles, boolean enabled,
                           OffsetDateTime createdAt) {
        public static UserView of(Account a) {
            return new UserView(a.username, a.displayName, a.roleList(), a.enabled, a.createdAt);
        }

        public boolean has(String role) {
            return roles.contains(role);
        }
    }

    /** Changes to an account; null fields stay as they are. */
    public record UserChange(List<String> roles, Boolean enabled, String password, String displayName) {
    }

    /** Creates the first admin at start: password from RELABEL_ADMIN_PASSWORD, else a generated one printed once. */
    void bootstrap(@Observes StartupEvent event) {
        boolean none = QuarkusTransaction.requiringNew().call(() -> Account.count("roles like ?1", "%" + Roles.ADMIN + "%") == 0);
        if (!none) return;
        String password = config.adminPassword().filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        if (generated) password = generatePassword();
        try {
            create("admin", password, List.of(Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER), "Administrator");
        } catch (RuntimeException e) {
            // several instances starting at once on a new database: one of them creates the admin, the others go on
            if (QuarkusTransaction.requiringNew().call(() -> Account.byUsername("admin").isPresent())) {
                LOG.info("The first admin was created by another instance starting at the same time");
                return;
            }
            throw e;
        }
        if (generated) {
            LOG.warnf("%n%n    First admin created: user 'admin', password '%s' (shown once; set RELABEL_ADMIN_PASSWORD to choose it)%n", password);
        } else {
            LOG.info("First admin 'admin' created with the password from RELABEL_ADMIN_PASSWORD");
        }
    }

    /** A random password of 20 base64url characters (120 bits). */
    public static String generatePassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates an account; roles must be known; the username must be free. */
    public Account create(String username, String password, Collection<String> roles, String displayName) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("username must be 1-100 letters, digits, '.', '_', '@' or '-'");
        }
        String problem = Passwords.problem(password);
        if (problem != null) throw ProblemException.badRequest(problem);
        List<String> cleanRoles = checkRoles(roles);
        String name = cleanDisplayName(displayName);
        String hash = Passwords.hash(password);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (Account.byUsername(username).isPresent()) {
                throw ProblemException.conflict("user '" + username + "' already exists");
            }
            Account a = new Account();
            a.username = username;
            a.passwordHash = hash;
            a.roles = String.join(",", cleanRoles);
            a.displayName = name;
            a.createdAt = OffsetDateTime.now();
            a.enabled = true;
            a.persist();
            return a;
        });
    }

    public List<UserView> list() {
        return QuarkusTransaction.requiringNew().call(() -> Account.<Account>find("order by username").stream()
                .map(UserView::of).toList());
    }

    public UserView get(String username) {
        return QuarkusTransaction.requiringNew().call(() -> UserView.of(require(username)));
    }

    /**
     * Applies an admin's change. At least one enabled admin must remain, so an admin cannot lock
     * everybody out (including by removing their own admin role).
     */
    public UserView update(String username, UserChange change) {
        List<String> roles = change.roles() == null ? null : checkRoles(change.roles());
        String hash = null;
        if (change.password() != null) {
            String problem = Passwords.problem(change.password());
            if (problem != null) throw ProblemException.badRequest(problem);
            hash = Passwords.hash(change.password());
        }
        String newHash = hash;
        UserView view = QuarkusTransaction.requiringNew().call(() -> {
            Account a = require(username);
            if (roles != null) a.roles = String.join(",", roles);
            if (change.enabled() != null) a.enabled = change.enabled();
            if (newHash != null) a.passwordHash = newHash;
            if (change.displayName() != null) a.displayName = cleanDisplayName(change.displayName());
            a.persist();
            Account.flush();
            long admins = Account.<Account>find("enabled = true").stream().filter(x -> x.hasRole(Roles.ADMIN)).count();
            if (admins == 0) {
                throw ProblemException.conflict("at least one enabled admin must remain");
            }
            try (Connection c = dataSource.getConnection()) {
                AccountDirectory.announce(c, username); // other instances hear it when this commits
            } catch (SQLException e) {
                throw new IllegalStateException("could not announce the change of account " + username, e);
            }
            return UserView.of(a);
        });
        directory.changed(username);
        passwords.forget(username);
        return view;
    }

    /** The owner's password change: the current password must be given. */
    public void changePassword(String username, String current, String next) {
        Account a = QuarkusTransaction.requiringNew().call(() -> require(username));
        if (!Passwords.matches(current, a.passwordHash)) {
            throw new ProblemException(400, "wrong-password", "Wrong password", "the current password is not correct");
        }
        String problem = Passwords.problem(next);
        if (problem != null) throw ProblemException.badRequest(problem);
        String hash = Passwords.hash(next);
        QuarkusTransaction.requiringNew().run(() -> Account.update("passwordHash = ?1 where username = ?2", hash, username));
        passwords.forget(username);
    }

    /** The account with this user name, or a 404 problem. Call inside a transaction. */
    static Account require(String username) {
        return Account.byUsername(username).orElseThrow(() -> ProblemException.notFound("User '" + username + "'"));
    }

    private static List<String> checkRoles(Collection<String> roles) {
        if (roles == null) throw ProblemException.badRequest("roles are required");
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (String r : roles) {
            String role = r == null ? "" : r.strip();
            if (!Roles.ALL.contains(role)) {
                throw ProblemException.badRequest("unknown role '" + role + "' (known: " + String.join(", ", Roles.ALL) + ")");
            }
            clean.add(role);
        }
        return List.copyOf(clean);
    }

    private static String cleanDisplayName(String displayName) {
        if (displayName == null || displayName.isBlank()) return null;
        String s = displayName.strip();
        if (s.length() > 200) throw ProblemException.badRequest("display name is longer than 200 characters");
        return s;
    }

    public static boolean hasRole(Account a, String role) {
        return a.hasRole(role);
    }
}
