package dev.tokenauthority.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenauthority.cli.ExitCodes;
import dev.tokenauthority.cli.http.ApiClient;
import dev.tokenauthority.cli.output.Printer;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ta instance create|list|get|label|start|stop|delete}: the instances of a project and region. */
@Command(name = "instance", description = "Instances of a project and region", mixinStandardHelpOptions = true,
        subcommands = {InstanceCommand.Create.class, InstanceCommand.ListInstances.class, InstanceCommand.Get.class,
                InstanceCommand.Label.class, InstanceCommand.Start.class, InstanceCommand.Stop.class,
                InstanceCommand.Delete.class})
public final class InstanceCommand {

    @Command(name = "create", description = "Register an instance", mixinStandardHelpOptions = true)
    static final class Create extends ApiCommand {
        @Option(names = "--type", required = true, description = "app or experiments")
        String type;
        @Option(names = "--id", description = "Its id (default: the service makes one)")
        String id;
        @Option(names = "--name", description = "Its name")
        String name;
        @Option(names = {"-l", "--label"}, description = "A label key=value (repeatable)")
        Map<String, String> labels;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode().put("type", type);
            if (id != null) {
                body.put("id", id);
            }
            if (name != null) {
                body.put("name", name);
            }
            if (labels != null) {
                body.set("labels", labels(labels));
            }
            printer().item(out(), api().call("POST", instances(), body));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List instances (every page, unless one is asked for)",
            mixinStandardHelpOptions = true)
    static final class ListInstances extends ApiCommand {
        @Mixin
        ListOptions options;

        @Override
        public Integer call() {
            return list(instances(), options.filters(), options.pageSize, options.pageToken, "instances", Printer.INSTANCE);
        }
    }

    @Command(name = "get", description = "Show an instance", mixinStandardHelpOptions = true)
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "INSTANCE")
        String instanceId;

        @Override
        public Integer call() {
            printer().item(out(), api().call("GET", instance(instanceId), null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "label", description = "Set an instance's labels (replaces them all); selector tokens follow at once",
            mixinStandardHelpOptions = true)
    static final class Label extends ApiCommand {
        @Parameters(paramLabel = "INSTANCE")
        String instanceId;
        @Option(names = {"-l", "--label"}, description = "A label key=value (repeatable; none: remove all)")
        Map<String, String> labels;

        @Override
        public Integer call() {
            ObjectNode body = ApiClient.JSON.createObjectNode();
            body.set("labels", labels(labels));
            printer().item(out(), api().call("PATCH", instance(instanceId), body));
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", description = "Start an instance", mixinStandardHelpOptions = true)
    static final class Start extends ApiCommand {
        @Parameters(paramLabel = "INSTANCE")
        String instanceId;

        @Override
        public Integer call() {
            printer().item(out(), api().call("POST", instance(instanceId) + "/start", null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", description = "Stop an instance", mixinStandardHelpOptions = true)
    static final class Stop extends ApiCommand {
        @Parameters(paramLabel = "INSTANCE")
        String instanceId;

        @Override
        public Integer call() {
            printer().item(out(), api().call("POST", instance(instanceId) + "/stop", null));
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete an instance: its tokens are refused on every node when this returns",
            mixinStandardHelpOptions = true)
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "INSTANCE")
        String instanceId;

        @Override
        public Integer call() {
            api().call("DELETE", instance(instanceId), null);
            err().println("deleted instance " + instanceId);
            return ExitCodes.OK;
        }
    }
}
