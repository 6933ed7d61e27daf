CREATE TABLE `dumes` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`identifiant` text NOT NULL,
	`type` text NOT NULL,
	`siret` text,
	`id_consultation` text,
	`identifiant_dume_a` text,
	`dume_type` integer DEFAULT false NOT NULL,
	`date_creation` text NOT NULL,
	`contenu` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dumes_identifiant` ON `dumes` (`sandbox_id`,`identifiant`);--> statement-breakpoint
CREATE INDEX `dumes_siret` ON `dumes` (`sandbox_id`,`siret`);--> statement-breakpoint
CREATE INDEX `dumes_consultation` ON `dumes` (`sandbox_id`,`id_consultation`);