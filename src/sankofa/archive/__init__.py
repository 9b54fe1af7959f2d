"""Software heritage: origins, visits, snapshots over a git-pack object store."""
