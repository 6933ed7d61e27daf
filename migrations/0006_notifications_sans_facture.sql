PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`facture_id` integer,
	`sollicitation_id` integer,
	`type` text NOT NULL,
	`message` text NOT NULL,
	`date` text NOT NULL,
	`lu` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("sandbox_id", "id", "utilisateur_id", "facture_id", "sollicitation_id", "type", "message", "date", "lu") SELECT "sandbox_id", "id", "utilisateur_id", "facture_id", "sollicitation_id", "type", "message", "date", "lu" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notifications_utilisateur` ON `notifications` (`sandbox_id`,`utilisateur_id`,`id`);