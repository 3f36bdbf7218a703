package org.relabel.account;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Pattern;
import jakarta.inject.Inject;
import org.relabel.RelabelConfig;
import org.jboss.logging.Logger;
import org.relabel.web.ProblemException;

/** Accounts and the first admin. */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    @Inject
    RelabelConfig config;

    /** Creates the first admin at start: password from RELABEL_ADMIN_PASSWORD, else a generated one printed once. */
    void bootstrap(@Observes StartupEvent event) {
        boolean none = QuarkusTransaction.requiringNew().call(() -> Account.count("roles like ?1", "%" + Roles.ADMIN + "%") == 0);
        if (!none) return;
        String password = config.adminPassword().filter(p -> !p.isBlank()).orElse(null);
        boolean generated = password == null;
        if (generated) {
            byte[] bytes = new byte[15];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        create("admin", password, java.util.List.of(Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER), "Administrator");
        if (generated) {
            LOG.warnf("%n%n    First admin created: user 'admin', password '%s' (shown once; set RELABEL_ADMIN_PASSWORD to choose it)%n", password);
        } else {
            LOG.info("First admin 'admin' created with the password from RELABEL_ADMIN_PASSWORD");
        }
    }

    /** Creates an account; roles must be known; the username must be free. */
    public Account create(String username, String password, Collection<String> roles, String displayName) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("username must be 1-100 letters, digits, '.', '_', '@' or '-'");
        }
        if (password == null || password.length() < 8) {
            throw ProblemException.badRequest("password must have at least 8 characters");
        }
        for (String r : roles) {
            if (!Roles.ALL.contains(r)) throw ProblemException.badRequest("unknown role '" + r + "'");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (Account.byUsername(username).isPresent()) {
                throw ProblemException.conflict("user '" + username + "' already exists");
            }
            Account a = new Account();
            a.username = username;
            a.passwordHash = BcryptUtil.bcryptHash(password);
            a.roles = String.join(",", roles);
            a.displayName = displayName;
            a.createdAt = OffsetDateTime.now();
            a.enabled = true;
            a.persist();
            return a;
        });
    }

    public static boolean hasRole(Account a, String role) {
        return Arrays.asList(a.roles.split(",")).contains(role);
    }
}
