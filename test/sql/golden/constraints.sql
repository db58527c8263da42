-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Book`;
DROP TABLE IF EXISTS `Author`;

CREATE TABLE `Author` (
	`handle` VARCHAR(12) NOT NULL,
	`name` VARCHAR(40) NOT NULL,
	`country` VARCHAR(2) NOT NULL,
	`age` INT NOT NULL,
	`fee` DECIMAL(65,30) NOT NULL,
	`bias` DOUBLE,
	PRIMARY KEY(`handle`)
);

CREATE TABLE `Book` (
	`id` INT NOT NULL,
	`title` VARCHAR(191) NOT NULL,
	`authorHandle` VARCHAR(12) NOT NULL,
	FOREIGN KEY(`authorHandle`) REFERENCES `Author`(`handle`),
	PRIMARY KEY(`id`)
);


