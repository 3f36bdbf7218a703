package org.relabel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.PasswordType;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;

/** A user: annotator, curator, researcher and/or admin. Passwords are stored as bcrypt hashes. */
@Entity
@Table(name = "account")
@UserDefinition
public class Account extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Username
    public String username;
    @Password(PasswordType.MCF)
    @Column(name = "password_hash")
    public String passwordHash;
    /** Comma-separated roles, see {@link org.relabel.account.Roles}. */
    @Roles
    public String roles;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    public boolean enabled;

    public static Optional<Account> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
