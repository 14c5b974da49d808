package dev.keel.kernel.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.keel.kernel.events.ClusterEvents;
import dev.keel.kernel.governance.ClusterExports;
import dev.keel.kernel.governance.Governor;
import dev.keel.kernel.governance.NodeProvider;

/** The {@code keel:nodes} command: which node serves which contract, and the state of each remote provider. */
@Component(service = NodeCommands.class)
@GogoCommand(scope = "keel", function = {"nodes"})
public final class NodeCommands {

    private final ClusterExports cluster;
    private final Governor governor;

    /** There while clustering is on. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterEvents events;

    @Activate
    public NodeCommands(@Reference ClusterExports cluster, @Reference Governor governor) {
        this.cluster = cluster;
        this.governor = governor;
    }

    @Descriptor("list the providers of every contract by node: this node's (exported while clustering is on) and "
            + "the other nodes' (imported), each with its breaker")
    public String nodes() {
        ClusterEvents e = events;
        String table = format(cluster.node(), cluster.providers(), governor.breakerViews());
        return e == null ? table : table + events(e.status());
    }

    static String events(ClusterEvents.Status s) {
        return String.format("Events across nodes: cursor %d, %d logged here, %d relayed from other nodes, "
                + "%d waiting for the database%s%n", s.cursor(), s.logged(), s.relayed(), s.waiting(),
                s.problem() == null ? "" : "; database problem: " + s.problem());
    }

    static String format(String node, List<NodeProvider> providers, List<Governor.BreakerView> breakers) {
        StringBuilder out = new StringBuilder(node == null ? "Clustering is off (keel.cluster enabled=false): "
                + "this node's providers only\n" : "This node: " + node + "\n");
        Map<String, String> states = new HashMap<>();
        for (Governor.BreakerView b : breakers) {
            states.put(b.plugin() + " " + b.version(), b.state());
        }
        Table t = new Table("NODE", "WHERE", "CONTRACT", "PLUGIN", "VERSION", "STATE", "EXPORTED", "BREAKER");
        for (NodeProvider p : providers) {
            String label = p.remote() ? p.version() + "@" + p.node() : p.version();
            t.row(p.node(), p.remote() ? "remote" : "local", simple(p.contract()), p.plugin(), p.version(),
                    p.active() ? "ACTIVE" : "not serving", p.remote() ? "-" : (p.exported() ? "yes" : "no"),
                    states.getOrDefault(p.plugin() + " " + label, "-"));
        }
        return out.append(t).toString();
    }

    private static String simple(String contract) {
        return contract.substring(contract.lastIndexOf('.') + 1);
    }
}
