"""Platform-neutral core: the message model, router, dialogs, storage and configuration."""
