-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Item`;

CREATE TABLE `Item` (
	`id` INT NOT NULL,
	`code` VARCHAR(20) NOT NULL,
	`country` CHAR(2) NOT NULL,
	`price` DECIMAL(10,2) NOT NULL,
	`defaultLength` VARCHAR(191) NOT NULL,
	PRIMARY KEY(`id`)
);


