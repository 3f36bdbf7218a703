package org.relabel.ops;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Health and degradation settings (prefix {@code relabel.ops}). */
@ConfigMapping(prefix = "relabel.ops")
public interface OpsConfig {

    /**
     * Free space the data directory must keep (images, uploads, the embedded H2 database); below it the
     * readiness check {@code /q/health/ready} reports DOWN, so a load balancer stops sending work
     * before writes start failing. E.g. {@code 512M}, {@code 2G}; {@code 0} disables the check.
     */
    @WithDefault("256M")
    MemorySize minFreeSpace();

    /** Seconds a client is told to wait ({@code Retry-After}) when the database or the queue is unavailable (503). */
    @WithDefault("5")
    int retryAfterSeconds();
}
