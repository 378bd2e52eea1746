package dev.tokenauthority.command.instance;

/**
 * Which instances exist, as the command side needs to know it to refuse an instance token for an instance
 * that is not registered. Kept by {@link InstanceDirectoryProjection} in the same transaction as the instance
 * events, so it is never behind them.
 */
public interface InstanceDirectory {

    /** Whether the instance is registered in that project and region, and not deleted. */
    boolean exists(String projectId, String regionId, String instanceId);
}
