CREATE TABLE `agenda` (
	`sandbox_id` text NOT NULL,
	`type` text NOT NULL,
	`sujet` text NOT NULL,
	`echeance` integer NOT NULL,
	`donnees` text,
	PRIMARY KEY(`sandbox_id`, `type`, `sujet`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agenda_echeance` ON `agenda` (`sandbox_id`,`echeance`);