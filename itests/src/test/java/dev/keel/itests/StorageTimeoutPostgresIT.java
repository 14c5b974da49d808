package dev.keel.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link StorageTimeoutIT} on PostgreSQL: the slow statement is
 * {@code pg_sleep}, cancelled by the watchdog through pgjdbc's cancel
 * request (SQL state 57014 as on H2).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageTimeoutPostgresIT extends StorageTimeoutIT {

    @Override
    @Configuration
    public Option[] config() throws IOException {
        try {
            Postgres pg = Postgres.shared();
            String url = pg.newDatabase("timeouts");
            Path etc = Files.createTempDirectory("keel-itest-etc");
            Files.writeString(etc.resolve("keel.storage.cfg"), pg.storageConfig(url));
            // the later felix.fileinstall.dir wins over KeelOptions' empty one
            return KeelOptions.keel(KeelOptions.freePort(), fixtures(),
                    frameworkProperty("felix.fileinstall.dir").value(etc.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
