// Notifications per user created by status changes.
export {};
