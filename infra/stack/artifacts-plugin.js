'use strict';
/**
 * osls plugin (serverless.yml `plugins`): builds each function's zip from its prebuilt bundle
 * and the policy (infra/stack/artifacts.ts) into .serverless/ and points the function's
 * package.artifact at it. A plugin rather than `package.patterns`, because the policy may live
 * outside the service directory (OPS_AUTOPILOT_POLICY), and rather than work in a variable
 * resolver, because osls empties .serverless/ after resolving variables and before this hook.
 */
const path = require('node:path');
const { register } = require('tsx/cjs/api');

class OpsAutopilotArtifacts {
  constructor(serverless) {
    this.serverless = serverless;
    const write = () => this.writeArtifacts();
    this.hooks = {
      'before:package:createDeploymentArtifacts': write,
      // `sls deploy function -f <name>` packages through this lifecycle instead.
      'before:package:function:package': write,
    };
  }

  async writeArtifacts() {
    const { serviceDir, service } = this.serverless;
    const tsx = register({ namespace: 'ops-autopilot-artifacts' });
    try {
      const { writeArtifacts, MissingBundlesError } = tsx.require('./artifacts.ts', __filename);
      const policyFile = path.resolve(serviceDir, service.custom.policyFile);
      let written;
      try {
        written = await writeArtifacts(serviceDir, path.join(serviceDir, '.serverless'), policyFile);
      } catch (error) {
        // A user error, not a crash: osls prints its own error class without a stack trace.
        if (error instanceof MissingBundlesError) throw new this.serverless.classes.Error(error.message, 'OPS_AUTOPILOT_MISSING_BUNDLES');
        throw error;
      }
      for (const name of service.getAllFunctions()) {
        if (!written[name]) throw new this.serverless.classes.Error(`function "${name}" has no bundle in functions/function-names.ts`, 'OPS_AUTOPILOT_UNKNOWN_FUNCTION');
        const fn = service.getFunction(name);
        fn.package = { ...fn.package, artifact: written[name] };
      }
    } finally {
      tsx.unregister();
    }
  }
}

module.exports = OpsAutopilotArtifacts;
