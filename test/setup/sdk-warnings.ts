// The AWS SDK's NodeVersionSupportWarning (Node < 22) would be printed by every test worker that loads a client;
// the CLI silences the same notice in bin/run.js. Only that notice: the SDK's documented switch for it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
