package dev.keel.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link BusinessFlowIT}'s tests (the order, payment and user flows) on PostgreSQL: the same plugins
 * and migrations on a fresh database of the tests' own server
 * ({@link KeelOptions#onPostgres}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusinessFlowPostgresIT extends BusinessFlowIT {

    @Override
    @Configuration
    public Option[] config() {
        return KeelOptions.keel(KeelOptions.freePort(), KeelOptions.onPostgres("flow"));
    }

    @Test
    public void runsOnPostgres() throws Exception {
        assertBusinessStorageOn("jdbc:postgresql:");
    }
}
