CREATE TABLE `connexions_portail` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`echecs` integer DEFAULT 0 NOT NULL,
	`verrouille_jusqua` integer,
	`code_second_facteur` text,
	`code_expire_a` integer,
	`essais_code` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `sandboxes` ADD `second_facteur_portail` integer DEFAULT true NOT NULL;