/**
 * A setting from the environment is missing or malformed. Its message names the variable and is
 * meant for the person who set it, so entry points print it as it is, without a stack trace.
 */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}
