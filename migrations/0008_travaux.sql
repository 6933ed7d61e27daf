CREATE TABLE `dossiers_facturation` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero_dossier_facturation` text NOT NULL,
	`nature` text NOT NULL,
	`fournisseur_id` integer NOT NULL,
	`service_fournisseur_id` integer,
	`moe_id` integer,
	`service_moe_id` integer,
	`moa_id` integer NOT NULL,
	`service_moa_id` integer,
	`destinataire_id` integer NOT NULL,
	`service_executant_id` integer,
	`numero_marche` text,
	`numero_engagement` text,
	`date_debut_delai` text,
	`date_creation` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dossiers_fournisseur` ON `dossiers_facturation` (`sandbox_id`,`fournisseur_id`);--> statement-breakpoint
ALTER TABLE `factures` ADD `dossier_facturation_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `piece_precedente_id` integer;--> statement-breakpoint
ALTER TABLE `factures` ADD `deposant_id` integer;--> statement-breakpoint
CREATE INDEX `factures_dossier` ON `factures` (`sandbox_id`,`dossier_facturation_id`);