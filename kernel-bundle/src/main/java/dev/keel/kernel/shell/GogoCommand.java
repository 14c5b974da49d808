package dev.keel.kernel.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Registers a component's public methods as Gogo commands: {@code osgi.command.scope/function}. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface GogoCommand {

    String PREFIX_ = "osgi.command.";

    /** The command scope, e.g. {@code keel}. */
    String scope();

    /** The command names; each is a public method of the component. */
    String[] function();
}
