CREATE TABLE `espaces_structures` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`code_espace` integer NOT NULL,
	`libelle_espace` text NOT NULL,
	`etat` text NOT NULL,
	`date_modification` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `espaces_structures_code` ON `espaces_structures` (`sandbox_id`,`structure_id`,`code_espace`);--> statement-breakpoint
ALTER TABLE `utilisateurs` ADD `jeton_activation` text;--> statement-breakpoint
ALTER TABLE `utilisateurs` ADD `jeton_activation_expiration` text;--> statement-breakpoint
ALTER TABLE `utilisateurs` ADD `siret_demande` text;--> statement-breakpoint
CREATE UNIQUE INDEX `utilisateurs_jeton_activation` ON `utilisateurs` (`sandbox_id`,`jeton_activation`);