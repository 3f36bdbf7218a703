package org.relabel.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.relabel.account.Account;
import org.relabel.account.AccountService;
import org.relabel.account.Roles;

import static io.restassured.RestAssured.given;

/** Accounts for tests, one per role, created on first use. */
public final class TestUsers {
    public static final String PASSWORD = "test-password-1";

    private TestUsers() {
    }

    /** Makes sure the four role accounts exist (idempotent). */
    public static void ensure(AccountService accounts) {
        for (String role : Roles.ALL) {
            String name = "test-" + role;
            boolean exists = QuarkusTransaction.requiringNew().call(() -> Account.byUsername(name).isPresent());
            if (!exists) accounts.create(name, PASSWORD, List.of(role), role);
        }
    }

    /**
     * Makes the test curator and test researcher members of a dataset (curators and researchers see only
     * the datasets they are members of).
     */
    public static void members(String datasetKey) {
        for (String role : List.of(Roles.CURATOR, Roles.RESEARCHER)) {
            as(Roles.ADMIN).contentType("application/json").body("{\"roles\":[\"" + role + "\"]}")
                    .put("/api/datasets/" + datasetKey + "/members/test-" + role).then().statusCode(200);
        }
    }

    public static RequestSpecification as(String role) {
        // numbers in JSON paths as double, so that closeTo(double) works
        return given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                .auth().preemptive().basic("test-" + role, PASSWORD);
    }
}
