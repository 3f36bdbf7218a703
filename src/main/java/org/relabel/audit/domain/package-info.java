/**
 * The audit domain: model accuracy against original labels and against the people's
 * consensus, dataset-level figures, findings (flagged images) and server-side SVG charts.
 *
 * <p>Pure Java 17: plain records in, plain records or strings out; no Quarkus, JPA or DJL
 * type. The methodology follows DESIGN.md section 3:
 * <ul>
 *   <li>Tsipras, Santurkar, Engstrom, Ilyas, Madry, "From ImageNet to Image Classification:
 *       Contextualizing Progress on Benchmarks", ICML 2020 (selection frequency, main label,
 *       number of objects);</li>
 *   <li>Beyer, Hénaff, Kolesnikov, Zhai, van den Oord, "Are we done with ImageNet?", 2020
 *       (the "ReaL" any-valid-label accuracy; empty valid sets are left out);</li>
 *   <li>Recht, Roelofs, Schmidt, Shankar, "Do ImageNet Classifiers Generalize to ImageNet?",
 *       ICML 2019 (selection-frequency thresholds);</li>
 *   <li>Northcutt, Athalye, Mueller, "Pervasive Label Errors in Test Sets Destabilize Machine
 *       Learning Benchmarks", NeurIPS 2021 Datasets and Benchmarks (label-error findings).</li>
 * </ul>
 *
 * <p>Entry points: {@link org.relabel.audit.domain.MetricsCalculator},
 * {@link org.relabel.audit.domain.FindingRules} and {@link org.relabel.audit.domain.SvgCharts}.
 */
package org.relabel.audit.domain;
