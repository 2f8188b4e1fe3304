package com.bazaar.cli.commands;

import picocli.CommandLine;

/** The version from the jar manifest (set by the build), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RootCommand.class.getPackage().getImplementationVersion();
        return new String[]{"bazaar " + (version == null ? "development" : version)};
    }
}
