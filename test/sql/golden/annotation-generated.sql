-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Ticket`;

CREATE TABLE `Ticket` (
	`id` INT AUTO_INCREMENT,
	`title` VARCHAR(191) NOT NULL,
	PRIMARY KEY(`id`)
);


