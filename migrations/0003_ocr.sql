PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_factures` (
	`sandbox_id` text NOT NULL,
	`id` integer NOT NULL,
	`numero_facture` text,
	`annee` integer,
	`mode_depot` text NOT NULL,
	`code_cadre_facturation` text,
	`type_facture` text NOT NULL,
	`type_tva` text,
	`motif_exoneration_tva` text,
	`devise` text DEFAULT 'EUR' NOT NULL,
	`date_facture` text,
	`date_depot` text NOT NULL,
	`fournisseur_id` integer NOT NULL,
	`service_fournisseur_id` integer,
	`coordonnees_bancaires_id` integer,
	`destinataire_id` integer,
	`service_executant_id` integer,
	`numero_marche` text,
	`numero_bon_commande` text,
	`numero_facture_origine` text,
	`mode_paiement` text,
	`numero_flux_depot` text,
	`montant_ht` real,
	`montant_tva` real,
	`montant_ttc` real,
	`montant_remise_globale_ttc` real,
	`motif_remise_globale_ttc` text,
	`montant_a_payer` real,
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
	`empreinte_certificat_depot` text,
	`utilisateur_createur_id` integer,
	`date_mise_a_disposition` text,
	`suspensions` text DEFAULT '[]' NOT NULL,
	`date_paiement` text,
	PRIMARY KEY(`sandbox_id`, `id`),
	FOREIGN KEY (`sandbox_id`) REFERENCES `sandboxes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_factures`("sandbox_id", "id", "numero_facture", "annee", "mode_depot", "code_cadre_facturation", "type_facture", "type_tva", "motif_exoneration_tva", "devise", "date_facture", "date_depot", "fournisseur_id", "service_fournisseur_id", "coordonnees_bancaires_id", "destinataire_id", "service_executant_id", "numero_marche", "numero_bon_commande", "numero_facture_origine", "mode_paiement", "numero_flux_depot", "montant_ht", "montant_tva", "montant_ttc", "montant_remise_globale_ttc", "motif_remise_globale_ttc", "montant_a_payer", "lignes_poste", "lignes_tva", "pieces_jointes", "piece_jointe_principale_id", "commentaire", "statut", "date_heure_etat_courant", "commentaire_etat_courant", "numero_dp_mandat", "facture_telechargee_par_destinataire", "rejet_traite", "empreinte_certificat_depot", "utilisateur_createur_id", "date_mise_a_disposition", "suspensions", "date_paiement") SELECT "sandbox_id", "id", "numero_facture", "annee", "mode_depot", "code_cadre_facturation", "type_facture", "type_tva", "motif_exoneration_tva", "devise", "date_facture", "date_depot", "fournisseur_id", "service_fournisseur_id", "coordonnees_bancaires_id", "destinataire_id", "service_executant_id", "numero_marche", "numero_bon_commande", "numero_facture_origine", "mode_paiement", "numero_flux_depot", "montant_ht", "montant_tva", "montant_ttc", "montant_remise_globale_ttc", "motif_remise_globale_ttc", "montant_a_payer", "lignes_poste", "lignes_tva", "pieces_jointes", "piece_jointe_principale_id", "commentaire", "statut", "date_heure_etat_courant", "commentaire_etat_courant", "numero_dp_mandat", "facture_telechargee_par_destinataire", "rejet_traite", "empreinte_certificat_depot", "utilisateur_createur_id", "date_mise_a_disposition", "suspensions", "date_paiement" FROM `factures`;--> statement-breakpoint
DROP TABLE `factures`;--> statement-breakpoint
ALTER TABLE `__new_factures` RENAME TO `factures`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `factures_fournisseur` ON `factures` (`sandbox_id`,`fournisseur_id`,`date_depot`,`id`);--> statement-breakpoint
CREATE INDEX `factures_destinataire` ON `factures` (`sandbox_id`,`destinataire_id`,`date_depot`,`id`);--> statement-breakpoint
CREATE INDEX `factures_numero` ON `factures` (`sandbox_id`,`fournisseur_id`,`numero_facture`,`annee`);--> statement-breakpoint
CREATE INDEX `factures_flux` ON `factures` (`sandbox_id`,`numero_flux_depot`);--> statement-breakpoint
CREATE INDEX `factures_piece_jointe_principale` ON `factures` (`sandbox_id`,`piece_jointe_principale_id`);