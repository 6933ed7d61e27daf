// Trainer and CI toolkit: request journal, fault rules, behaviour profiles.
export {};
