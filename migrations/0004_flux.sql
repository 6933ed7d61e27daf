CREATE TABLE `flux` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero_flux_depot` text NOT NULL,
	`nom_fichier` text NOT NULL,
	`syntaxe_flux` text NOT NULL,
	`code_interface` text NOT NULL,
	`avec_signature` integer DEFAULT false NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`date_depot` text NOT NULL,
	`echeance` text NOT NULL,
	`etat` text NOT NULL,
	`date_etat` text NOT NULL,
	`nombre_fichiers` integer DEFAULT 0 NOT NULL,
	`fichiers_traites` integer DEFAULT 0 NOT NULL,
	`liste_erreur_technique` text DEFAULT '[]' NOT NULL,
	`liste_erreur_dp` text DEFAULT '[]' NOT NULL,
	`factures_integrees` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `flux_numero` ON `flux` (`sandbox_id`,`numero_flux_depot`);--> statement-breakpoint
CREATE INDEX `flux_echeance` ON `flux` (`sandbox_id`,`etat`,`echeance`);--> statement-breakpoint
CREATE TABLE `flux_fichiers` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`flux_id` integer NOT NULL,
	`rang` integer NOT NULL,
	`nom` text NOT NULL,
	`xml` blob,
	`pdf` blob,
	`anomalie` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `flux_fichiers_flux` ON `flux_fichiers` (`sandbox_id`,`flux_id`,`rang`);--> statement-breakpoint
CREATE TABLE `flux_parametres` (
	`sandbox_id` text PRIMARY KEY NOT NULL,
	`delai_integration_secondes` integer DEFAULT 60 NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
