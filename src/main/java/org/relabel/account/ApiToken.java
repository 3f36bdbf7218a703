package org.relabel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An API token of an account. Only the SHA-256 of the token is stored, with its first characters for display. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "account_id")
    public Long accountId;
    public String name;
    @Column(name = "token_prefix")
    public String prefix;
    @Column(name = "token_hash")
    public String hash;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;
}
