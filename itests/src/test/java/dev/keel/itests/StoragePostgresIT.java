package dev.keel.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * {@link StorageIT}'s tests, with the same migrations and business plugins, on
 * PostgreSQL: a server of the tests' own ({@link Postgres}), a fresh database,
 * selected by {@code etc/keel.storage.cfg} as an operator does.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoragePostgresIT extends StorageIT {

    private static final String URL = "keel.itest.postgres.url";
    private static final String USER = "keel.itest.postgres.user";

    @Inject
    private BundleContext framework;

    @Override
    @Configuration
    public Option[] config() {
        try {
            Postgres pg = Postgres.shared();
            String url = pg.newDatabase("storage");
            Path etc = Files.createTempDirectory("keel-itest-etc");
            Files.writeString(etc.resolve("keel.storage.cfg"), pg.storageConfig(url));
            // the later felix.fileinstall.dir wins over KeelOptions' empty one
            List<Option> extra = new ArrayList<>(List.of(fixtures()));
            extra.add(frameworkProperty("felix.fileinstall.dir").value(etc.toString()));
            extra.add(frameworkProperty(URL).value(url));
            extra.add(frameworkProperty(USER).value(pg.user()));
            return KeelOptions.keel(KeelOptions.freePort(), extra.toArray(Option[]::new));
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up PostgreSQL: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    protected StorageTarget target() {
        return StorageTarget.postgres(framework.getProperty(URL), framework.getProperty(USER));
    }
}
