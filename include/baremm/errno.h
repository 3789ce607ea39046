/* SPDX-License-Identifier: MIT */
/* The few errno values baremm returns (negated), with Linux's numbers. */
#ifndef BAREMM_ERRNO_H
#define BAREMM_ERRNO_H

#define EPERM	1
#define ENOENT	2
#define EIO	5
#define ENOMEM	12
#define EFAULT	14
#define EBUSY	16
#define EEXIST	17
#define ENODEV	19
#define EINVAL	22
#define ENOSPC	28
#define ERANGE	34
#define ENOSYS	38
#define EOPNOTSUPP 95
#define EUCLEAN	117

#endif
