CREATE TABLE `courriels` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`de` text NOT NULL,
	`a` text NOT NULL,
	`sujet` text NOT NULL,
	`corps` text NOT NULL,
	`nature` text NOT NULL,
	`date` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `courriels_utilisateur` ON `courriels` (`sandbox_id`,`utilisateur_id`);--> statement-breakpoint
CREATE TABLE `livraisons_webhook` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`webhook_id` integer NOT NULL,
	`evenement` text NOT NULL,
	`corps` text NOT NULL,
	`statut` text NOT NULL,
	`tentatives` integer DEFAULT 0 NOT NULL,
	`code_http` integer,
	`duree_ms` integer,
	`erreur` text,
	`prochain_essai` integer,
	`date_creation` text NOT NULL,
	`date_derniere_tentative` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `livraisons_webhook_attente` ON `livraisons_webhook` (`statut`,`prochain_essai`);--> statement-breakpoint
CREATE TABLE `reglages_notifications` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`recap_quotidien` integer DEFAULT false NOT NULL,
	`recap_hebdomadaire` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`url` text NOT NULL,
	`evenements` text NOT NULL,
	`secret` text NOT NULL,
	`date_creation` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `messages_sollicitation` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`sollicitation_id` integer NOT NULL,
	`action` text NOT NULL,
	`auteur_utilisateur_id` integer,
	`auteur_nom` text NOT NULL,
	`texte` text,
	`pieces_jointes` text NOT NULL,
	`date` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_sollicitation_fil` ON `messages_sollicitation` (`sandbox_id`,`sollicitation_id`);--> statement-breakpoint
CREATE TABLE `reglages_sollicitations` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`mode` text NOT NULL,
	`apres_heures` integer NOT NULL,
	`texte` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sollicitations` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero` text NOT NULL,
	`code_categorie` text NOT NULL,
	`code_sous_categorie` text NOT NULL,
	`titre` text NOT NULL,
	`objet_type` text,
	`objet_id` integer,
	`emetteur_utilisateur_id` integer NOT NULL,
	`emetteur_structure_id` integer,
	`destinataire` text NOT NULL,
	`destinataire_structure_id` integer,
	`destinataire_service_id` integer,
	`statut` text NOT NULL,
	`date_creation` text NOT NULL,
	`date_modification` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sollicitations_emetteur` ON `sollicitations` (`sandbox_id`,`emetteur_utilisateur_id`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `sollicitation_id` integer;