-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Trip`;
DROP TABLE IF EXISTS `Owner`;
DROP TABLE IF EXISTS `Car`;

CREATE TABLE `Car` (
	`plate` VARCHAR(191) NOT NULL,
	`year` INT NOT NULL,
	PRIMARY KEY(`plate`,`year`)
);

CREATE TABLE `Owner` (
	`id` INT NOT NULL,
	`name` VARCHAR(191) NOT NULL,
	`carPlate` VARCHAR(191) NOT NULL,
	`carYear` INT NOT NULL,
	UNIQUE (`carPlate`, `carYear`),
	FOREIGN KEY(`carPlate`, `carYear`) REFERENCES `Car`(`plate`, `year`),
	PRIMARY KEY(`id`)
);

CREATE TABLE `Trip` (
	`id` INT NOT NULL,
	`destination` VARCHAR(191) NOT NULL,
	`car_plate` VARCHAR(191) NOT NULL,
	`carYear` INT NOT NULL,
	FOREIGN KEY(`car_plate`, `carYear`) REFERENCES `Car`(`plate`, `year`),
	PRIMARY KEY(`id`)
);


