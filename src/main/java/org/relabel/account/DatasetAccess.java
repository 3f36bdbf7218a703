package org.relabel.account;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.relabel.dataset.Dataset;
import org.relabel.web.ProblemException;

/**
 * Per-dataset membership, the one check every dataset-scoped endpoint goes through (via
 * {@code DatasetService.require}). Admins see every dataset; curators and researchers see the datasets
 * they are members of, and act there only in the roles of their membership that they also hold
 * globally. A dataset the caller may not see is reported as not found. Work outside an HTTP request
 * (jobs, start-up) is not restricted.
 */
@ApplicationScoped
public class DatasetAccess {
    /** Roles that membership applies to. */
    public static final List<String> MEMBER_ROLES = List.of(Roles.CURATOR, Roles.RESEARCHER);

    @Inject
    SecurityIdentity identity;

    /** A member of a dataset with the roles of their membership. */
    public record MemberView(String username, String displayName, List<String> roles) {
    }

    /**
     * The dataset with this key if the caller may see it and, when roles are given, holds one of them
     * there; else 404 (unknown or not a member) or 403 (a member in other roles).
     */
    public Dataset require(String key, String... roles) {
        Dataset ds = QuarkusTransaction.joiningExisting().call(() -> Dataset.byKey(key)
                .orElseThrow(() -> ProblemException.notFound("Dataset '" + key + "'")));
        check(ds, roles);
        return ds;
    }

    /** See {@link #require}: checks an already loaded dataset. */
    public void check(Dataset ds, String... roles) {
        if (unrestricted()) return;
        Set<String> mine = rolesIn(ds.id);
        if (mine.isEmpty()) throw ProblemException.notFound("Dataset '" + ds.key + "'");
        if (roles.length == 0) return;
        for (String r : roles) {
            if (mine.contains(r)) return;
        }
        throw ProblemException.forbidden("you are a member of dataset '" + ds.key + "' as " + String.join(" and ", mine)
                + "; this needs " + String.join(" or ", roles));
    }

    /** Whether the caller may see the dataset. */
    public boolean canSee(long datasetId) {
        return unrestricted() || !rolesIn(datasetId).isEmpty();
    }

    /** The ids of the datasets the caller may see, or empty when the caller sees all of them. */
    public Optional<Set<Long>> visibleIds() {
        if (unrestricted()) return Optional.empty();
        Long account = accountId();
        if (account == null) return Optional.of(Set.of());
        Set<String> held = heldMemberRoles();
        return Optional.of(QuarkusTransaction.joiningExisting().call(() -> DatasetMember.<DatasetMember>find(
                        "accountId", account).stream().filter(m -> held.contains(m.role)).map(m -> m.datasetId)
                .collect(Collectors.toSet())));
    }

    /** The caller's effective roles in a dataset: membership roles they also hold globally. */
    public Set<String> rolesIn(long datasetId) {
        Long account = accountId();
        if (account == null) return Set.of();
        Set<String> held = heldMemberRoles();
        return QuarkusTransaction.joiningExisting().call(() -> DatasetMember.<DatasetMember>find(
                        "datasetId = ?1 and accountId = ?2", datasetId, account).stream().map(m -> m.role)
                .filter(held::contains).collect(Collectors.toSet()));
    }

    /** Makes the creator of a dataset a member in the member roles they hold. */
    public void addCreator(Dataset ds) {
        Long account = accountId();
        if (account == null) return;
        Set<String> held = heldMemberRoles();
        if (held.isEmpty()) return;
        setMember(ds.id, account, held);
    }

    /** Replaces the membership roles of an account in a dataset (admins; an empty set removes it). */
    public MemberView setMember(String datasetKey, String username, List<String> roles) {
        Set<String> wanted = new HashSet<>();
        for (String r : roles == null ? List.<String>of() : roles) {
            if (!MEMBER_ROLES.contains(r)) {
                throw ProblemException.badRequest("membership role must be one of " + MEMBER_ROLES + ", not '" + r + "'");
            }
            wanted.add(r);
        }
        if (wanted.isEmpty()) throw ProblemException.badRequest("roles must list curator and/or researcher");
        Dataset ds = require(datasetKey);
        return QuarkusTransaction.requiringNew().call(() -> {
            Account a = AccountService.require(username);
            for (String r : wanted) {
                if (!a.hasRole(r)) {
                    throw ProblemException.badRequest("user '" + username + "' does not have the role '" + r + "'");
                }
            }
            setMember(ds.id, a.id, wanted);
            return new MemberView(a.username, a.displayName, MEMBER_ROLES.stream().filter(wanted::contains).toList());
        });
    }

    /** Removes an account from a dataset; 404 when it was not a member. */
    public void removeMember(String datasetKey, String username) {
        Dataset ds = require(datasetKey);
        long deleted = QuarkusTransaction.requiringNew().call(() -> {
            Account a = AccountService.require(username);
            return DatasetMember.delete("datasetId = ?1 and accountId = ?2", ds.id, a.id);
        });
        if (deleted == 0) throw ProblemException.notFound("Member '" + username + "' of dataset '" + datasetKey + "'");
    }

    public List<MemberView> members(String datasetKey) {
        Dataset ds = require(datasetKey);
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<DatasetMember> rows = DatasetMember.<DatasetMember>find("datasetId", ds.id).list();
            Set<Long> ids = rows.stream().map(m -> m.accountId).collect(Collectors.toSet());
            if (ids.isEmpty()) return List.<MemberView>of();
            return Account.<Account>find("id in ?1 order by username", ids).stream()
                    .map(a -> new MemberView(a.username, a.displayName, MEMBER_ROLES.stream()
                            .filter(r -> rows.stream().anyMatch(m -> m.accountId.equals(a.id) && m.role.equals(r)))
                            .toList()))
                    .toList();
        });
    }

    private void setMember(long datasetId, long accountId, Set<String> roles) {
        QuarkusTransaction.joiningExisting().run(() -> {
            DatasetMember.delete("datasetId = ?1 and accountId = ?2", datasetId, accountId);
            OffsetDateTime now = OffsetDateTime.now();
            for (String r : roles) {
                DatasetMember m = new DatasetMember();
                m.datasetId = datasetId;
                m.accountId = accountId;
                m.role = r;
                m.createdAt = now;
                m.persist();
            }
        });
    }

    private static boolean inRequest() {
        return Arc.container().requestContext().isActive();
    }

    private boolean unrestricted() {
        if (!inRequest()) return true;
        return identity.hasRole(Roles.ADMIN);
    }

    /** The caller's account id; null when anonymous or outside a request (jobs, start-up). */
    private Long accountId() {
        if (!inRequest() || identity.isAnonymous()) return null;
        Object id = identity.getAttribute(Identities.ACCOUNT_ID);
        return id instanceof Long l ? l : null;
    }

    private Set<String> heldMemberRoles() {
        Set<String> held = new HashSet<>();
        if (!inRequest()) return held;
        for (String r : MEMBER_ROLES) {
            if (identity.hasRole(r)) held.add(r);
        }
        return held;
    }
}
