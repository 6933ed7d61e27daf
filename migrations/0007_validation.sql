ALTER TABLE `structures` ADD `mandataire_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `valideur1_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `service_valideur1_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `date_validation1` text;--> statement-breakpoint
ALTER TABLE `factures` ADD `valideur2_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `service_valideur2_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `date_validation2` text;--> statement-breakpoint
CREATE INDEX `factures_valideur1` ON `factures` (`sandbox_id`,`valideur1_id`);--> statement-breakpoint
CREATE INDEX `factures_valideur2` ON `factures` (`sandbox_id`,`valideur2_id`);