-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Review`;
DROP TABLE IF EXISTS `Product`;

CREATE TABLE `Product` (
	`vendor` VARCHAR(191) NOT NULL,
	`sku` INT NOT NULL,
	PRIMARY KEY(`vendor`,`sku`)
);

CREATE TABLE `Review` (
	`id` INT NOT NULL,
	`productVendor` VARCHAR(191) NOT NULL,
	`productSku` INT NOT NULL,
	FOREIGN KEY(`productVendor`, `productSku`) REFERENCES `Product`(`vendor`, `sku`),
	PRIMARY KEY(`id`)
);


