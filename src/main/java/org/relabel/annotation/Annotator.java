package org.relabel.annotation;


/**
 * Who annotates: the name stored with assignments and judgments, the account (null only for
 * simulated annotators) and the judgment source.
 *
 * @param name      the account's user name, or a simulated annotator's name such as {@code sim-reliable-01}
 * @param accountId the account, or null for {@link Judgment#SIMULATED} annotators
 * @param source    {@link Judgment#CAMPAIGN} for people, {@link Judgment#SIMULATED} for the demo crowd
 */
public record Annotator(String name, Long accountId, String source) {
    public Annotator {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("an annotator needs a name of 1-200 characters");
        }
        if (!Judgment.CAMPAIGN.equals(source) && !Judgment.SIMULATED.equals(source)) {
            throw new IllegalArgumentException("annotator source must be CAMPAIGN or SIMULATED: " + source);
        }
        if (Judgment.CAMPAIGN.equals(source) && accountId == null) {
            throw new IllegalArgumentException("a campaign annotator needs an account");
        }
    }

    /** A person with an account. */
    public static Annotator person(String username, long accountId) {
        return new Annotator(username, accountId, Judgment.CAMPAIGN);
    }

    /** A simulated annotator of the demo crowd (no account). */
    public static Annotator simulated(String name) {
        return new Annotator(name, null, Judgment.SIMULATED);
    }
}
