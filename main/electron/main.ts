// Placeholder: the Electron shell is being written.
export {};
