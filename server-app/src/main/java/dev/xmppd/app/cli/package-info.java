/**
 * The command line of {@code bin/xmppd}: argument parsing ({@link dev.xmppd.app.cli.CliArgs}), the commands
 * ({@link dev.xmppd.app.cli.Cli}) and what they need from the process ({@link dev.xmppd.app.cli.Launcher},
 * {@link dev.xmppd.app.cli.Terminal}).
 */
package dev.xmppd.app.cli;
