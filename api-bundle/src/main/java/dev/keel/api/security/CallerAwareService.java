package dev.keel.api.security;

import java.lang.reflect.Method;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a contract service the kernel exports to other nodes lets the distribution provider do: call one of its
 * methods for the caller the calling node sent, who is then {@link CallerContext#current()} on this node for the
 * length of the call. The kernel implements it (the invocation handler of its export proxies, which only Remote
 * Service Admin's bundles see); Keel's TLS provider calls it with the caller it received from a node whose
 * certificate the cluster's CA signed. Plugins neither implement nor call it.
 *
 * @since 1.2
 */
@ProviderType
public interface CallerAwareService {

    /**
     * Calls a method of the exported contract as {@code caller}.
     *
     * @param caller who called on the calling node ({@link Caller#ANONYMOUS} when nobody did)
     * @param method a method of the exported contract interface
     * @param args its arguments
     * @return what the method returned
     * @throws Throwable what the method threw, unchanged
     */
    Object invokeAs(Caller caller, Method method, Object[] args) throws Throwable;
}
