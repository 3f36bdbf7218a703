package org.relabel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A user: annotator, curator, researcher and/or admin. Passwords are stored as bcrypt hashes in
 * modular crypt format ({@code $2a$...}); the identity providers of this package check them.
 */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    /** Comma-separated roles, see {@link org.relabel.account.Roles}. */
    public String roles;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    public boolean enabled;

    public static Optional<Account> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** The roles as a list, in the order stored. */
    public List<String> roleList() {
        return roleList(roles);
    }

    /** Comma-separated roles as a list, in the order stored. */
    static List<String> roleList(String roles) {
        if (roles == null || roles.isBlank()) return List.of();
        return Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }

    public boolean hasRole(String role) {
        return roleList().contains(role);
    }
}
