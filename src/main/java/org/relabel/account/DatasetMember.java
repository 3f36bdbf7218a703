package org.relabel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** An account's membership of a dataset in one role (curator or researcher). */
@Entity
@Table(name = "dataset_member")
@IdClass(DatasetMember.Key.class)
public class DatasetMember extends PanacheEntityBase {
    @Id
    @Column(name = "dataset_id")
    public Long datasetId;
    @Id
    @Column(name = "account_id")
    public Long accountId;
    @Id
    @Column(name = "member_role")
    public String role;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** Composite key. */
    public static class Key implements Serializable {
        public Long datasetId;
        public Long accountId;
        public String role;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(datasetId, k.datasetId) && Objects.equals(accountId, k.accountId)
                    && Objects.equals(role, k.role);
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, accountId, role);
        }
    }
}
