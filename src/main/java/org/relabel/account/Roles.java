package org.relabel.account;

import java.util.List;

/** The roles of Relabel. A user may hold several. */
public final class Roles {
    public static final String ANNOTATOR = "annotator";
    public static final String CURATOR = "curator";
    public static final String RESEARCHER = "researcher";
    public static final String ADMIN = "admin";
    public static final List<String> ALL = List.of(ANNOTATOR, CURATOR, RESEARCHER, ADMIN);

    private Roles() {
    }
}
