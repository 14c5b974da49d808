package dev.keel.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link StrictInputIT}'s tests (the strict input table) on PostgreSQL: the same plugins
 * and migrations on a fresh database of the tests' own server
 * ({@link KeelOptions#onPostgres}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StrictInputPostgresIT extends StrictInputIT {

    @Override
    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), KeelOptions.onPostgres("strict"));
    }

    @Test
    public void runsOnPostgres() throws Exception {
        assertBusinessStorageOn("jdbc:postgresql:");
    }
}
