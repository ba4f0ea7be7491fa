// Placeholder: the preload is being written.
export {};
