-- AUTO-GENERATED FILE.

-- This file is an auto-generated file by Ballerina persistence layer for model.
-- Please verify the generated scripts and execute them against the target DB server.

DROP TABLE IF EXISTS `Warranty`;
DROP TABLE IF EXISTS `OrderLine`;
DROP TABLE IF EXISTS `Product`;
DROP TABLE IF EXISTS `Order`;
DROP TABLE IF EXISTS `Profile`;
DROP TABLE IF EXISTS `Customer`;

CREATE TABLE `Customer` (
	`id` INT NOT NULL,
	`name` VARCHAR(191) NOT NULL,
	`nickname` VARCHAR(191),
	`age` INT NOT NULL,
	`score` INT,
	`rating` DOUBLE NOT NULL,
	`weight` DOUBLE,
	`balance` DECIMAL(65,30) NOT NULL,
	`credit` DECIMAL(65,30),
	`active` BOOLEAN NOT NULL,
	`verified` BOOLEAN,
	`avatar` LONGBLOB,
	`birthDate` DATE NOT NULL,
	`anniversary` DATE,
	`wakeUp` TIME(6) NOT NULL,
	`bedTime` TIME(6),
	`createdAt` TIMESTAMP(6) NOT NULL,
	`deletedAt` TIMESTAMP(6),
	`lastSeen` DATETIME(6) NOT NULL,
	`nextVisit` DATETIME(6),
	`status` ENUM('active', 'suspended', 'CLOSED') NOT NULL,
	`previousStatus` ENUM('active', 'suspended', 'CLOSED'),
	`type` VARCHAR(191) NOT NULL,
	PRIMARY KEY(`id`)
);

CREATE TABLE `Profile` (
	`handle` VARCHAR(191) NOT NULL,
	`bio` VARCHAR(191) NOT NULL,
	`customerId` INT UNIQUE NOT NULL,
	FOREIGN KEY(`customerId`) REFERENCES `Customer`(`id`),
	PRIMARY KEY(`handle`)
);

CREATE TABLE `Order` (
	`orderNo` VARCHAR(191) NOT NULL,
	`placedOn` DATE NOT NULL,
	`total` DECIMAL(65,30) NOT NULL,
	`customerId` INT NOT NULL,
	FOREIGN KEY(`customerId`) REFERENCES `Customer`(`id`),
	`referrerId` INT NOT NULL,
	FOREIGN KEY(`referrerId`) REFERENCES `Customer`(`id`),
	PRIMARY KEY(`orderNo`)
);

CREATE TABLE `Product` (
	`vendor` VARCHAR(191) NOT NULL,
	`sku` INT NOT NULL,
	`title` VARCHAR(191) NOT NULL,
	`price` DECIMAL(65,30) NOT NULL,
	PRIMARY KEY(`vendor`,`sku`)
);

CREATE TABLE `OrderLine` (
	`lineId` VARCHAR(191) NOT NULL,
	`quantity` INT NOT NULL,
	`note` VARCHAR(191),
	`orderOrderNo` VARCHAR(191) NOT NULL,
	FOREIGN KEY(`orderOrderNo`) REFERENCES `Order`(`orderNo`),
	`productVendor` VARCHAR(191) NOT NULL,
	`productSku` INT NOT NULL,
	FOREIGN KEY(`productVendor`, `productSku`) REFERENCES `Product`(`vendor`, `sku`),
	PRIMARY KEY(`lineId`)
);

CREATE TABLE `Warranty` (
	`id` INT NOT NULL,
	`months` INT NOT NULL,
	`productVendor` VARCHAR(191) NOT NULL,
	`productSku` INT NOT NULL,
	UNIQUE (`productVendor`, `productSku`),
	FOREIGN KEY(`productVendor`, `productSku`) REFERENCES `Product`(`vendor`, `sku`),
	PRIMARY KEY(`id`)
);


