/**
 * Releases (the "export" feature), pure Java: what an image's labels are in a release
 * ({@link org.relabel.export.domain.ReleaseLabel} and its {@link org.relabel.export.domain.ReleaseStatus}), the
 * streaming writers of the release files (DESIGN.md section 8: {@code labels.json}, {@code labels.csv}, the long
 * judgments table, a Label Studio export and the decisions table), SHA-256 while writing
 * ({@link org.relabel.export.domain.HashingOutput}), and the diff between two releases or a release and the
 * original labels ({@link org.relabel.export.domain.ReleaseDiff}).
 *
 * <p>No Quarkus, JPA or database type: records and streams in, bytes and records out. Every writer takes one
 * item at a time and keeps nothing of it, so a release of any size is written in constant memory.
 */
package org.relabel.export.domain;
