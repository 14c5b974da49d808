package dev.keel.kernel.security;

import java.lang.reflect.Proxy;
import java.util.List;

import org.osgi.service.log.Logger;

/** A Logger for tests that keeps the formatted warnings and errors. */
public final class TestLoggers {

    private TestLoggers() {
    }

    /** A Logger adding each warning or error (its format with the arguments in place of {}) to {@code lines}. */
    public static Logger collecting(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(TestLoggers.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if ((method.getName().equals("warn") || method.getName().equals("error")) && args != null) {
                        String text = String.valueOf(args[0]);
                        for (int i = 1; i < args.length; i++) {
                            Object a = args[i];
                            if (a instanceof Object[] array) {
                                for (Object o : array) {
                                    text = text.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(
                                            String.valueOf(o)));
                                }
                            } else {
                                text = text.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(
                                        String.valueOf(a)));
                            }
                        }
                        lines.add(text);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
