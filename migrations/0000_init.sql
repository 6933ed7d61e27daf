CREATE TABLE `sandboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`nom` text NOT NULL,
	`scenario` text NOT NULL,
	`seed` integer NOT NULL,
	`piste_client_id` text NOT NULL,
	`piste_client_secret` text NOT NULL,
	`created_at` text NOT NULL,
	`reset_at` text,
	`clock_mode` text DEFAULT 'real' NOT NULL,
	`clock_frozen_at` text,
	`clock_offset_ms` integer DEFAULT 0 NOT NULL,
	`snapshot` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandboxes_nom_unique` ON `sandboxes` (`nom`);--> statement-breakpoint
CREATE UNIQUE INDEX `sandboxes_piste_client_id_unique` ON `sandboxes` (`piste_client_id`);--> statement-breakpoint
CREATE TABLE `sequences` (
	`sandbox_id` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`sandbox_id`, `name`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `piste_tokens` (
	`access_token` text PRIMARY KEY NOT NULL,
	`sandbox_id` text NOT NULL,
	`scope` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `coordonnees_bancaires` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`nom` text NOT NULL,
	`iban` text NOT NULL,
	`bic` text,
	`titulaire` text,
	`est_valide` integer DEFAULT true NOT NULL,
	`affactureur` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coordonnees_structure` ON `coordonnees_bancaires` (`sandbox_id`,`structure_id`);--> statement-breakpoint
CREATE TABLE `engagements_juridiques` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero` text NOT NULL,
	`structure_id` integer NOT NULL,
	`service_id` integer,
	`fournisseur_structure_id` integer,
	`libelle` text,
	`statut` text DEFAULT 'COMMANDE' NOT NULL,
	`montant_ht` real,
	`montant_ttc` real,
	`date_creation` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_numero` ON `engagements_juridiques` (`sandbox_id`,`structure_id`,`numero`);--> statement-breakpoint
CREATE TABLE `services` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`code` text NOT NULL,
	`libelle` text NOT NULL,
	`description` text,
	`est_actif` integer DEFAULT true NOT NULL,
	`date_debut` text NOT NULL,
	`date_fin` text,
	`numero_engagement_obligatoire` integer DEFAULT false NOT NULL,
	`mise_en_paiement` integer DEFAULT false NOT NULL,
	`adresse` text,
	`code_postal` text,
	`ville` text,
	`code_pays` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_code` ON `services` (`sandbox_id`,`structure_id`,`code`);--> statement-breakpoint
CREATE TABLE `structures` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`entite` text,
	`identifiant` text NOT NULL,
	`type_identifiant` text NOT NULL,
	`type_structure` text NOT NULL,
	`raison_sociale` text NOT NULL,
	`libelle` text,
	`nom` text,
	`prenom` text,
	`numero_rcs` text,
	`numero_tva` text,
	`email` text,
	`adresse` text,
	`complement_adresse1` text,
	`complement_adresse2` text,
	`code_postal` text,
	`ville` text,
	`code_pays` text DEFAULT 'FR' NOT NULL,
	`telephone` text,
	`statut` text DEFAULT 'ACTIF' NOT NULL,
	`categorie` text,
	`code_service_doit_etre_renseigne` integer DEFAULT false NOT NULL,
	`numero_ej_doit_etre_renseigne` integer DEFAULT false NOT NULL,
	`gestion_numero_ej_ou_code_service` integer DEFAULT false NOT NULL,
	`est_moa` integer DEFAULT false NOT NULL,
	`est_moa_uniquement` integer DEFAULT false NOT NULL,
	`est_valideur_delegue` integer DEFAULT false NOT NULL,
	`connexion_edi` integer DEFAULT false NOT NULL,
	`recevoir_donnees_via_edi` integer DEFAULT false NOT NULL,
	`statut_mise_en_paiement_nest_pas_remonte` integer DEFAULT false NOT NULL,
	`non_diffusible_insee` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `structures_identifiant` ON `structures` (`sandbox_id`,`type_identifiant`,`identifiant`);--> statement-breakpoint
CREATE TABLE `abonnements_espaces` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`service_id` integer,
	`code_espace` integer NOT NULL,
	`libelle_espace` text NOT NULL,
	`type_habilitation` text NOT NULL,
	`etat` text NOT NULL,
	`date_creation` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `abonnements_utilisateur` ON `abonnements_espaces` (`sandbox_id`,`utilisateur_id`);--> statement-breakpoint
CREATE TABLE `rattachements` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`structure_id` integer NOT NULL,
	`role` text NOT NULL,
	`statut` text NOT NULL,
	`commentaire` text,
	`date_creation` text NOT NULL,
	`date_validation` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rattachements_unique` ON `rattachements` (`sandbox_id`,`utilisateur_id`,`structure_id`);--> statement-breakpoint
CREATE INDEX `rattachements_structure` ON `rattachements` (`sandbox_id`,`structure_id`);--> statement-breakpoint
CREATE TABLE `rattachements_services` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`rattachement_id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`statut` text NOT NULL,
	`commentaire` text,
	`date_debut` text NOT NULL,
	`date_fin` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rattachements_services_unique` ON `rattachements_services` (`sandbox_id`,`rattachement_id`,`service_id`);--> statement-breakpoint
CREATE TABLE `utilisateurs` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`login` text NOT NULL,
	`type` text NOT NULL,
	`nom` text NOT NULL,
	`prenom` text,
	`email` text,
	`telephone` text,
	`statut` text DEFAULT 'ACTIF' NOT NULL,
	`mot_de_passe` text NOT NULL,
	`date_expiration_mot_de_passe` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `utilisateurs_login` ON `utilisateurs` (`sandbox_id`,`login`);--> statement-breakpoint
CREATE TABLE `pieces_jointes` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`nom` text NOT NULL,
	`type_mime` text NOT NULL,
	`extension` text NOT NULL,
	`taille` integer NOT NULL,
	`contenu` blob NOT NULL,
	`utilisateur_id` integer,
	`created_at` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pieces_jointes_utilisateur` ON `pieces_jointes` (`sandbox_id`,`utilisateur_id`);--> statement-breakpoint
CREATE TABLE `factures` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero_facture` text NOT NULL,
	`annee` integer NOT NULL,
	`mode_depot` text NOT NULL,
	`code_cadre_facturation` text NOT NULL,
	`type_facture` text NOT NULL,
	`type_tva` text,
	`motif_exoneration_tva` text,
	`devise` text DEFAULT 'EUR' NOT NULL,
	`date_facture` text NOT NULL,
	`date_depot` text NOT NULL,
	`fournisseur_id` integer NOT NULL,
	`service_fournisseur_id` integer,
	`coordonnees_bancaires_id` integer,
	`destinataire_id` integer NOT NULL,
	`service_executant_id` integer,
	`numero_marche` text,
	`numero_bon_commande` text,
	`numero_facture_origine` text,
	`mode_paiement` text,
	`numero_flux_depot` text,
	`montant_ht` real NOT NULL,
	`montant_tva` real NOT NULL,
	`montant_ttc` real NOT NULL,
	`montant_remise_globale_ttc` real,
	`motif_remise_globale_ttc` text,
	`montant_a_payer` real NOT NULL,
	`lignes_poste` text DEFAULT '[]' NOT NULL,
	`lignes_tva` text DEFAULT '[]' NOT NULL,
	`pieces_jointes` text DEFAULT '[]' NOT NULL,
	`piece_jointe_principale_id` integer,
	`commentaire` text,
	`statut` text NOT NULL,
	`date_heure_etat_courant` text NOT NULL,
	`commentaire_etat_courant` text,
	`numero_dp_mandat` text,
	`facture_telechargee_par_destinataire` integer DEFAULT false NOT NULL,
	`rejet_traite` integer DEFAULT false NOT NULL,
	`empreinte_certificat_depot` text NOT NULL,
	`utilisateur_createur_id` integer,
	`date_mise_a_disposition` text,
	`suspensions` text DEFAULT '[]' NOT NULL,
	`date_paiement` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `factures_fournisseur` ON `factures` (`sandbox_id`,`fournisseur_id`,`date_depot`,`id`);--> statement-breakpoint
CREATE INDEX `factures_destinataire` ON `factures` (`sandbox_id`,`destinataire_id`,`date_depot`,`id`);--> statement-breakpoint
CREATE INDEX `factures_numero` ON `factures` (`sandbox_id`,`fournisseur_id`,`numero_facture`,`annee`);--> statement-breakpoint
CREATE INDEX `factures_flux` ON `factures` (`sandbox_id`,`numero_flux_depot`);--> statement-breakpoint
CREATE TABLE `historique_factures` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`facture_id` integer NOT NULL,
	`nature` text NOT NULL,
	`code` text NOT NULL,
	`date` text NOT NULL,
	`commentaire` text,
	`acteur` text,
	`utilisateur_id` integer,
	`nom_utilisateur` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `historique_facture` ON `historique_factures` (`sandbox_id`,`facture_id`,`id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`utilisateur_id` integer NOT NULL,
	`facture_id` integer NOT NULL,
	`type` text NOT NULL,
	`message` text NOT NULL,
	`date` text NOT NULL,
	`lu` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_utilisateur` ON `notifications` (`sandbox_id`,`utilisateur_id`,`id`);--> statement-breakpoint
CREATE TABLE `comportements_acheteurs` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`profil` text NOT NULL,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `journal_requetes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sandbox_id` text NOT NULL,
	`date` text NOT NULL,
	`methode` text NOT NULL,
	`chemin` text NOT NULL,
	`statut` integer NOT NULL,
	`code_retour` integer,
	`duree_ms` integer NOT NULL,
	`requete` text,
	`reponse` text,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `journal_sandbox` ON `journal_requetes` (`sandbox_id`,`id`);--> statement-breakpoint
CREATE TABLE `regles_pannes` (
	`sandbox_id` text PRIMARY KEY NOT NULL,
	`regles` text NOT NULL,
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
